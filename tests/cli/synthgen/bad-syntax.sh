synthgen --templates "$FIXTURES/templates/syntax.yaml" --count 5
