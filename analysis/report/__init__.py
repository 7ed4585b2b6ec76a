"""Report machinery: executing notebooks, pages, the index, exports, the README figures."""
