"""CP-SAT scheduling: eligibility, the model, decomposition and explanations. Knows nothing of Excel or the web."""
