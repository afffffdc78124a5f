"""Real-looking rosters and demand sheets with their truth, and the scorer that measures the reader on them."""
