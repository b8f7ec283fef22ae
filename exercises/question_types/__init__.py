"""One module per question type (the folder is the registry: :data:`exercises.QUESTION_TYPES`)."""
