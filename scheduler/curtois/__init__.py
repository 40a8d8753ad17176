"""The Curtois & Qu shift-scheduling benchmark, solved with the roster engine's rule functions."""
