"""Notification pages: the list, opening and marking read, watching a claim, the user's
settings and the one-click unsubscribe link from emails."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from factcheck.errors import InvalidInput
from factcheck.models import Claim, EmailChoice
from factcheck.notifications import services
from factcheck.notifications.email import user_id_for_token
from factcheck.notifications.selectors import notifications_for

PAGE_SIZE = 50


@require_GET
def notification_list(request):
    page = Paginator(notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@require_GET
def open_notification(request, notification_id):
    """Mark the notification read and go where it leads. A GET, so each notification on the
    list is a real link (opened in a new tab, copied, middle-clicked). Its one write is safe
    to make on a GET: it only sets the read time of the signed-in user's own notification,
    once (opening it again changes nothing), and is what opening it means; a request forged
    from another site could at most mark one of your notifications read, never reveal or
    change anything else, and someone else's notification is a 404 (nobody learns it
    exists). Marking read without opening stays a POST (mark_read)."""
    notification = services.mark_read(notification_id=notification_id, user=request.user)
    safe = url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None)
    return redirect(notification.url if safe else "notification-list")


@require_POST
def mark_read(request, notification_id):
    services.mark_read(notification_id=notification_id, user=request.user)
    return redirect("notification-list")


@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect("notification-list")


@require_POST
def watch(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    if request.POST.get("watch") == "stop":
        services.stop_watching(claim=claim, user=request.user)
        messages.success(request, "You no longer watch this claim.")
    else:
        services.start_watching(claim=claim, user=request.user)
        messages.success(request, "You now watch this claim: you will be told of its changes.")
    return redirect(claim)


class SettingsForm(forms.Form):
    email = forms.ChoiceField(
        label="Email me about notifications",
        choices=EmailChoice.choices,
        widget=forms.RadioSelect,
        help_text="Whatever you choose, notifications are listed under the bell.",
    )


def user_settings(request):
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.set_email_preference(user=request.user, email=form.cleaned_data["email"])
            except InvalidInput as error:
                form.add_error("email", str(error))
            else:
                messages.success(request, "Settings saved.")
                return redirect("user-settings")
        status = 400
    else:
        form = SettingsForm(initial={"email": services.email_preference(request.user)})
        status = 200
    return render(request, "notifications/settings.html", {"form": form}, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
@csrf_exempt  # RFC 8058: mail programs POST here without a session; the signed token is the proof
def unsubscribe(request, token):
    """GET: a page with a button (mail scanners follow links, so GET changes nothing). POST
    (that button, or a mail program's one-click List-Unsubscribe-Post): email off."""
    user_id = user_id_for_token(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        raise Http404("This unsubscribe link is not valid.")
    done = request.method == "POST"
    if done:
        services.set_email_preference(user=user, email=EmailChoice.OFF)
    return render(request, "notifications/unsubscribed.html", {"done": done})
