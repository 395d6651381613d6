"""One screen per module: home, study, drill, lab, stats, help."""
