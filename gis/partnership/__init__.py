"""The partnership and the Keurmerk (steps A2–A5, B4): participants, agreements, covenant, progress, audit."""
