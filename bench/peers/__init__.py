"""Peer tools doing the same task as Legekart, timed in the same run."""
