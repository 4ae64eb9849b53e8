synthgen --templates "$FIXTURES/templates/duplicate-name.yaml" --count 5
