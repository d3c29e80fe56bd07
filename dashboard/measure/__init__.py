"""Measurement: speed and memory at scale (``bench``) and the served app under load (``loadtest``)."""
