"""Is the SOP being met? The dashboard (*Dasbor*) and the SOP evaluation report.

``figures`` and ``reasons`` compute from plain values (no Django); ``queries`` reads the
step visits, history and publications of a period; the views and files show the results.
"""
