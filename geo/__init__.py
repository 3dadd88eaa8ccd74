"""Geography for Legekart: boundaries, levels, crosswalks and spatial joins (no Qt)."""
