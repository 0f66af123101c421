"""The half-year report (*halfjaarrapportage*): built from this service's data and its read models of indicatoren
and financien (`build`), rendered as HTML with inline SVG charts (`html`) and as PDF (`pdf`), published frozen with
the data version it was built from (`publish`)."""
