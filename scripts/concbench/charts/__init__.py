"""Charts as PNG files, drawn with matplotlib's Agg backend from data analysed before.

A chart function takes what to draw — series of points with their intervals, bars with their
ideals — and the run's Styles (colour, marker and hollowness of each model, from the catalog),
and returns the file name it wrote. It decides nothing about the numbers: which points are
beyond their limit, which case a chart shows, what the ideal is, were all decided earlier.
"""
