"""Mobilisation scheduler: staff emergency posts from the rosters street offices already have."""

__version__ = "0.1.0"
