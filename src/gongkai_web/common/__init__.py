"""Plumbing every app of the ledger shares (not a Django app: no models).

- :mod:`~gongkai_web.common.errors`: :class:`WebError`, the one base of the errors a person sees, carrying the
  form field it belongs to, and :func:`add_form_error` that puts it there;
- :mod:`~gongkai_web.common.saving`: :func:`versioned_update`, the optimistic-locking save that always writes
  the audit entry;
- :mod:`~gongkai_web.common.forms`: the date widget and field, :class:`ChineseLabels`, the hidden ``version``;
- :mod:`~gongkai_web.common.views`: :func:`staff_required`;
- :mod:`~gongkai_web.common.transitions`: the checks every life-cycle table shares.
"""
