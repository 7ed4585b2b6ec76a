"""Report machinery: executing notebooks, the index, exports, the data dictionary, figures."""
