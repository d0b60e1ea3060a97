"""Service functions of 整改: every change goes through them (views never save the models).

- :mod:`.problems`: a version's findings, opening problems from them, and the problem's transitions;
- :mod:`.notices`: the templates, composing, editing and issuing a notice (:mod:`.documents` writes its
  DOCX and PDF and reads the DOCX back);
- :mod:`.corrections`: a corrected report through the intake, re-checked and diffed;
- :mod:`.export`: the problem list as Excel.
"""
