synthgen --templates "$FIXTURES/templates/no-prompt.yaml" --count 5
