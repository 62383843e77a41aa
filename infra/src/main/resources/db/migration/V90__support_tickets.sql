-- Support tickets (issue 10, "Tickets"): one row per ticket id, the latest version wins. The
-- category a person set (corrected_category) overrides the predicted one; `category` is the one in
-- force, stored so that themes, escalations and filters query it like any column.
CREATE TABLE support_tickets (
  id                  text PRIMARY KEY,
  customer_id         text NOT NULL REFERENCES customers (id),
  subject             text NOT NULL,
  body                text NOT NULL,
  status              text NOT NULL CHECK (status IN ('open', 'pending', 'solved', 'closed')),
  priority            text CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  requester_email     text,
  tags                text[] NOT NULL DEFAULT '{}',
  csat                smallint CHECK (csat BETWEEN 1 AND 5),
  source              text NOT NULL CHECK (source IN ('api', 'zendesk')),
  opened_at           timestamptz NOT NULL,
  source_updated_at   timestamptz,
  predicted_category  text NOT NULL,
  category_confidence double precision NOT NULL,
  category_reason     text NOT NULL,
  category_source     text NOT NULL CHECK (category_source IN ('classifier', 'llm')),
  corrected_category  text,
  category            text GENERATED ALWAYS AS (coalesce(corrected_category, predicted_category)) STORED,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
-- the list's keyset order, and its filters
CREATE INDEX support_tickets_opened_idx ON support_tickets (opened_at, id);
CREATE INDEX support_tickets_customer_opened_idx ON support_tickets (customer_id, opened_at, id);
CREATE INDEX support_tickets_category_opened_idx ON support_tickets (category, opened_at, id);

-- Every correction a person made, kept: who, when, from which category to which. The latest is
-- copied onto the ticket; all of them join the classifier's training data at its next training.
CREATE TABLE ticket_category_corrections (
  id            bigserial PRIMARY KEY,
  ticket_id     text NOT NULL REFERENCES support_tickets (id),
  from_category text NOT NULL,
  to_category   text NOT NULL,
  corrected_by  text NOT NULL,
  corrected_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_category_corrections_ticket_idx ON ticket_category_corrections (ticket_id, id);
