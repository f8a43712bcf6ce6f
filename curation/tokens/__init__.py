"""Token statistics: tokens per sample field under a configurable tokenizer (layer `tokens`)."""
