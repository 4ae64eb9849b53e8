synthgen --templates "$FIXTURES/templates/not-utf8.yaml" --count 5
