synthgen --templates "$FIXTURES/templates/too-many.yaml" --count 5
