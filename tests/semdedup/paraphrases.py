"""Hand-written near paraphrases (same meaning, different words: MinHash sees little overlap) and
distinct sentences on the same topics, for the semdedup tests."""

PARAPHRASES = [
    ("Everyone has the right to life, liberty and security of person.",
     "Every person is entitled to life, to freedom and to personal security."),
    ("No one shall be held in slavery or servitude; slavery and the slave trade shall be prohibited in all their forms.",
     "Nobody may be kept in slavery or servitude, and slavery and the slave trade are banned in every form."),
    ("Everyone has the right to freedom of movement and residence within the borders of each state.",
     "Each person has the right to move freely and to live anywhere within the borders of every state."),
    ("All are equal before the law and are entitled without any discrimination to equal protection of the law.",
     "Everybody is equal before the law and has a right, without discrimination, to the same protection by the law."),
    ("How do I reset my password if I forgot it?",
     "I forgot my password, how can I reset it?"),
    ("What is the capital city of Australia?",
     "Which city is the capital of Australia?"),
]

DISTINCT = [
    "Everyone has the right to education; elementary education shall be free and compulsory.",
    "No one shall be subjected to arbitrary arrest, detention or exile.",
    "Everyone has the right to rest and leisure, including reasonable limitation of working hours.",
    "Men and women of full age have the right to marry and to found a family.",
    "How do I change the language of my phone's keyboard?",
    "What is the tallest mountain in Africa?",
    "Everyone has the right to own property alone as well as in association with others.",
    "Everyone has the right to take part in the government of his country, directly or through chosen representatives.",
]
