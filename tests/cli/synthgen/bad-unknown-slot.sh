synthgen --templates "$FIXTURES/templates/unknown-slot.yaml" --count 5
