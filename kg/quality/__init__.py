"""Quality: SHACL validation of a written graph, scores against gold annotations."""
