-- The service now writes a transaction's events once, just before COMMIT, already numbered: one statement takes the
-- tenant's counter, inserts every event with its number and notifies (ScheduleEvents). Until now each event was
-- inserted without a number and updated at commit by the deferred trigger, so every event row was written twice,
-- left a dead version behind, and the count of unnumbered rows walked over those dead versions: a 10-item create
-- cost several milliseconds of database CPU and grew slower with the log. The counter is still taken last, after
-- every other lock of the transaction, and held until commit, so numbers still become visible in order, without
-- holes, with no lock-order risk. The trigger stays for rows written without a number (by hand, or by any other
-- writer): it now fires only for them.
DROP TRIGGER schedule_events_number ON schedule_events;
CREATE CONSTRAINT TRIGGER schedule_events_number AFTER INSERT ON schedule_events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.event_id IS NULL) EXECUTE FUNCTION schedule_events_number();
