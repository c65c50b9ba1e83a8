"""The safety analysis of an area (step B1): statistics, profile, survey, site walk and measurements."""
