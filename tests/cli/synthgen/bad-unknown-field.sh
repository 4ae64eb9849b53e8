synthgen --templates "$FIXTURES/templates/unknown-field.yaml" --count 5
