"""Demo data for MiA Desk: a deterministic generator of realistic client files (no Qt)."""
