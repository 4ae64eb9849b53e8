synthgen --templates "$FIXTURES/templates/empty-slot.yaml" --count 5
