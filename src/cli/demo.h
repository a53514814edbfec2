/*
 * demo.h — `secondchance demo`: a believable, deterministic centre.
 */
#ifndef SC_CLI_DEMO_H
#define SC_CLI_DEMO_H

#endif
