/*
 * benefits_parts.c — what the benefit pages share (benefits_parts.h).
 */
#include "benefits_parts.h"
#include "case.h"
#include "form.h"
#include "resource.h"
#include "app/benefit.h"
#include "domain/benefit_calc.h"
#include "util/arena.h"

#include <string.h>

/* "15 000,00 kr" */
void
benefits_kr(struct req *r, int64_t ore)
{
	struct buf *o = &r->out;
	html_money(o, ore);
	html_lit(o, "\xC2\xA0kr");
}

/* A row of a definition list with an amount. */
void
benefits_dl_money(struct req *r, const char *label, int64_t ore)
{
	struct buf *o = &r->out;
	html_lit(o, "<dt>");
	html_text(o, T(r, label));
	html_lit(o, "</dt><dd class=\"num\">");
	benefits_kr(r, ore);
	html_lit(o, "</dd>");
}

bool
benefits_may_write(struct req *r)
{
	return access_allows(r->user.roles, RES_BENEFITS, ACT_WRITE);
}

/* The line's words: what it is (msgid). */
static const char *
line_label(const struct benefit_line *l)
{
	if (strcmp(l->code, "base") == 0)
		return N_("Benefit for the programme days");
	if (strcmp(l->code, "child_supplement") == 0)
		return N_("Child supplement");
	if (strcmp(l->code, "absence") == 0)
		return N_("Unexcused absence");
	if (strcmp(l->code, "work_income") == 0)
		return N_("Salary from work");
	if (strcmp(l->code, "other_income") == 0)
		return N_("Other income");
	if (strcmp(l->code, "limited_to_zero") == 0)
		return N_("Limited to zero");
	if (strcmp(l->code, "correction") == 0)
		return N_("Back-pay");
	return l->code;
}

/* The line's quantity in words (arena), or "". */
static const char *
line_quantity(struct req *r, const struct benefit_line *l)
{
	if (!l->has_quantity)
		return "";
	long long q = (long long)l->quantity;
	if (strcmp(l->code, "base") == 0)
		return arena_printf(r->a, T(r, "%lld days"), q);
	if (strcmp(l->code, "child_supplement") == 0)
		return arena_printf(r->a, T(r, "%lld weekdays \xC3\x97 children"), q);
	if (strcmp(l->code, "absence") == 0)
		return arena_printf(r->a, T(r, "%lld minutes"), q);
	if (strcmp(l->code, "work_income") == 0 && l->quantity_scale == 100)
		return arena_printf(r->a, T(r, "%lld.%02lld hours"), q / 100, q % 100);
	return arena_printf(r->a, "%lld", q);
}

/* The causes of a correction in words, joined by commas (arena). */
static const char *
causes_words(struct req *r, unsigned causes)
{
	const char *s = "";
	for (unsigned i = 0; i < BENEFIT_NCAUSES; i++) {
		const char *l = benefit_cause_label(1u << i);
		if ((causes & (1u << i)) && l != NULL)
			s = arena_printf(r->a, "%s%s%s", s, *s ? ", " : "", T(r, l));
	}
	return s;
}

/* The statement in plain language, line by line (st: its lines; rec: its
 * inputs and amounts): a stored statement's page and the calculator's
 * answer write it so. */
void
benefits_statement_article(struct req *r, const struct benefit_record *rec, const struct benefit_statement *st)
{
	struct buf *o = &r->out;
	html_lit(o, "<article class=\"statement print-plan\" id=\"statement\"><h2>");
	bool recomputed = rec->kind == BENEFIT_RECORD_RECOMPUTED;
	html_text(o, recomputed ? T(r, "Recomputed month") : T(r, "Benefit statement"));
	html_lit(o, " ");
	html_text(o, rec->month);
	html_lit(o, "</h2><p class=\"no-print\"><button type=\"button\" data-print>");
	html_text(o, T(r, "Print"));
	html_lit(o, "</button></p><p>");
	if (recomputed)
		html_text(o, T(r, "This is how the month comes out with the facts as they are now, and why. Nothing "
				  "is paid by it. Every amount is in Norwegian kroner."));
	else
		html_text(o, T(r, "This is what you get for the month, and why. Every amount is in Norwegian kroner."));
	html_lit(o, "</p><table id=\"statement-lines\"><caption>");
	html_text(o, T(r, "What you get, line by line"));
	html_lit(o, "</caption><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Line"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Why"));
	html_lit(o, "</th><th scope=\"col\" class=\"num\">");
	html_text(o, T(r, "Amount"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < st->nlines; i++) {
		const struct benefit_line *l = &st->lines[i];
		html_lit(o, "<tr data-code=\"");
		html_text(o, l->code);
		html_lit(o, "\"><th scope=\"row\">");
		html_text(o, T(r, line_label(l)));
		if (l->kind != NULL) {
			const char *kl = benefit_income_kind_label(l->kind);
			html_lit(o, " (");
			html_text(o, kl != NULL ? T(r, kl) : l->kind);
			html_lit(o, ")");
		}
		html_lit(o, "</th><td>");
		html_text(o, line_quantity(r, l));
		if (l->ref_year > 0) {
			char m[8];
			benefit_month_format(l->ref_year, l->ref_month, m);
			html_text(o, arena_printf(r->a, T(r, "for %s: %s"), m, causes_words(r, l->causes)));
		}
		if (l->reason != NULL) {
			if (l->has_quantity || l->ref_year > 0)
				html_lit(o, " \xC2\xB7 ");
			html_text(o, T(r, l->reason));
		}
		html_lit(o, "</td><td class=\"num\">");
		benefits_kr(r, l->amount_ore);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"2\">");
	html_text(o, T(r, "Gross benefit (before tax)"));
	html_lit(o, "</th><td class=\"num\" id=\"statement-gross\">");
	benefits_kr(r, rec->gross_ore);
	html_lit(o, "</td></tr><tr><th scope=\"row\" colspan=\"2\">");
	html_text(o, T(r, "Tax withheld"));
	html_lit(o, "</th><td class=\"num\" id=\"statement-tax\">");
	benefits_kr(r, -rec->tax_ore);
	html_lit(o, "</td></tr>");
	if (rec->recovery_ore > 0) {
		html_lit(o, "<tr><th scope=\"row\" colspan=\"2\">");
		html_text(o, T(r, "Repayment of an earlier overpayment"));
		html_lit(o, "</th><td class=\"num\" id=\"statement-recovery\">");
		benefits_kr(r, -rec->recovery_ore);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "<tr><th scope=\"row\" colspan=\"2\">");
	html_text(o, recomputed ? T(r, "Net as recomputed (not paid)") : T(r, "Paid to your account"));
	html_lit(o, "</th><td class=\"num\" id=\"statement-net\">");
	benefits_kr(r, rec->net_ore);
	html_lit(o, "</td></tr></tfoot></table>");

	html_lit(o, "<h3>");
	html_text(o, T(r, "The tax"));
	html_lit(o, "</h3><p>");
	html_text(o, T(r, "The benefit is taxed like a salary. The tax withheld is paid to the state for you, and "
			  "pays for schools, hospitals and roads. At the end of the year the tax office checks that the "
			  "right amount was withheld."));
	html_lit(o, "</p><p id=\"statement-tax-how\">");
	if (rec->tax_kind == BENEFIT_TAX_PERCENT)
		html_text(o, arena_printf(r->a, T(r, "Your tax card says %lld %%: that share of the gross, rounded "
						     "down to whole kroner, is withheld."),
					  (long long)rec->tax_percent));
	else if (rec->tax_kind == BENEFIT_TAX_TABLE && (rec->warnings & BENEFIT_WARN_TABLE_MISSING))
		/* what rule 9 did when the table held no row for the gross, as
		 * the computation recorded it (the warning), not what the tables
		 * hold now */
		html_text(o, arena_printf(r->a, T(r, "Your tax card gives table %s, but the tax tables we had for %s "
						     "held no amount in that table for this gross. So %lld %% of the "
						     "gross, rounded down to whole kroner, was withheld instead, as when "
						     "there is no tax card. The tax office settles any difference at the "
						     "end of the year."),
					  rec->tax_table, arena_printf(r->a, "%.4s", rec->month),
					  (long long)BENEFIT_TAX_FALLBACK_PERCENT));
	else if (rec->tax_kind == BENEFIT_TAX_TABLE)
		html_text(o, arena_printf(r->a, T(r, "Your tax card gives table %s: the amount is looked up in the "
						     "table for the gross (halved in June and December)."),
					  rec->tax_table));
	else
		html_text(o, arena_printf(r->a, T(r, "We have no tax card for you, so the law requires us to withhold "
						     "%lld %%. Ask the tax office for a tax card and give it to your "
						     "contact person."),
					  (long long)BENEFIT_TAX_FALLBACK_PERCENT));
	html_lit(o, "</p>");
	if (rec->work_ore > 0) {
		html_lit(o, "<h3>");
		html_text(o, T(r, "What a salary did to the benefit"));
		html_lit(o, "</h3><p>");
		html_text(o, rec->scheme == BENEFIT_KVP
				     ? T(r, "Work is good: the benefit is reduced in proportion to the hours you "
					    "worked, and your salary is paid to you by your employer.")
				     : T(r, "Work is good: the salary you earned is paid by your employer, and the "
					    "benefit is reduced by the same amount, krone for krone."));
		html_lit(o, "</p>");
	}
	const struct benefit_item *claims[BENEFIT_MAX_CORRECTIONS];
	size_t nclaims = benefit_record_claims(rec, claims, BENEFIT_MAX_CORRECTIONS);
	if (nclaims > 0 || rec->outstanding_ore > 0 || rec->outstanding_after_ore > 0) {
		html_lit(o, "<h3>");
		html_text(o, T(r, "Overpayment and repayment"));
		html_lit(o, "</h3><ul id=\"statement-claims\">");
		for (size_t i = 0; i < nclaims; i++) {
			html_lit(o, "<li>");
			html_text(o, arena_printf(r->a, T(r, "Too much was paid for %s (%s):"), claims[i]->ref_month,
						  causes_words(r, benefit_causes_parse(claims[i]->causes))));
			html_lit(o, " ");
			benefits_kr(r, claims[i]->amount_ore);
			html_lit(o, "</li>");
		}
		html_lit(o, "</ul><p>");
		html_text(o, T(r, "Still to repay after this month:"));
		html_lit(o, " <strong id=\"statement-balance\">");
		benefits_kr(r, rec->outstanding_after_ore);
		html_lit(o, "</strong>. ");
		html_text(o, arena_printf(r->a,
					  T(r, "At most %lld %% of what is left after tax is taken each month; a month "
					       "never gives a debt."),
					  (long long)rec->recovery_percent));
		html_lit(o, "</p>");
	}
	html_lit(o, "</article>");
}
