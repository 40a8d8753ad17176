"""Perceptual hashing (PDQ), hash-bank import and fast near-duplicate matching."""
