"""Safe media intake: sniff, cap, encrypt originals, blurred derivatives, reveal, video frames."""
