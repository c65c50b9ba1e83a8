"""Measures and the plan of action (steps B2–B3): catalogue, proposals, objectives, plan, effect."""
