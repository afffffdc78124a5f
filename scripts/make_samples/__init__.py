"""The parts of `scripts/make_sample_rosters.py`: the township and its people, sites, and one writer per file."""
