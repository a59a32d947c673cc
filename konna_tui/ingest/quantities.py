"""(being written) Quantity keys and infobox support."""


def assign_quantities(article, figures, curation):
    return []


def link_infobox(article, figures):
    return []
