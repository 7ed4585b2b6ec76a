"""Curating a report: add it (`add_report`), draft its rows (`draft`), accept reviewed rows
(`accept`), and measure the drafting assistant by leaving one district out (`evaluate`)."""
