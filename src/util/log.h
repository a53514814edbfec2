/*
 * log.h — operational log lines on stderr: a timestamp, a level, a message.
 * Never log personal data, passwords, tokens or note text.
 */
#ifndef SC_LOG_H
#define SC_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Silences info lines (tests). */
void log_set_quiet(int quiet);

#endif
