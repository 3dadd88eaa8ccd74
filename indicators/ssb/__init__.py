"""Statistics Norway (SSB) StatBank tables: snapshots, their derivation and updates (no Qt)."""
