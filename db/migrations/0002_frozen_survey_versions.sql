-- A survey version that a wave has used is frozen: its wording can no longer change, so every
-- response keeps pointing at the exact questionnaire it answered. Editing makes a new version.
CREATE OR REPLACE FUNCTION refuse_frozen_survey_version_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.frozen_at IS NOT NULL AND (
    TG_OP = 'DELETE'
    OR NEW.definition IS DISTINCT FROM OLD.definition
    OR NEW.version IS DISTINCT FROM OLD.version
    OR NEW.survey_id IS DISTINCT FROM OLD.survey_id
    OR NEW.frozen_at IS DISTINCT FROM OLD.frozen_at
  ) THEN
    RAISE EXCEPTION 'survey version % is frozen: create a new version instead', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER survey_versions_frozen
BEFORE UPDATE OR DELETE ON survey_versions
FOR EACH ROW EXECUTE FUNCTION refuse_frozen_survey_version_change();
