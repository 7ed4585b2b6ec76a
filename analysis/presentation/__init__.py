"""What a reader sees: tables by name, sentences and views in English or Chinese, charts, the
style, and a notebook's first cell (`notebook.setup`)."""
