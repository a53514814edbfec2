/*
 * demo.c — `secondchance demo`: a believable, deterministic centre.
 */
