"""CBS Iv3: the import of the files as they come (`bestand`), which track each task field counts towards per
task-field list (`indeling`), and the figures per track, across years and against comparable municipalities
(`cijfers`)."""
