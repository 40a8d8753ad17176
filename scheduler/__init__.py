"""Rostering: 24/7 rosters with CP-SAT under exposure and labour rules, and staffing."""
