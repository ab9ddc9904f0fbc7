"""Pages in two written standards: nynorsk pages in a folder, their bokmål counterparts in a subfolder."""
