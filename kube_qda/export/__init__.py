"""Writing tables: terminal, CSV, Markdown, JSON, XLSX, and heatmap pictures."""
