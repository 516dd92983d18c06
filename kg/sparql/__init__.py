"""SPARQL over a written graph: a store loaded once (store), queries run and printed
(query), the SPARQL 1.1 protocol served (serve)."""
