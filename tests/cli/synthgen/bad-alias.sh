synthgen --templates "$FIXTURES/templates/alias.yaml" --count 5
