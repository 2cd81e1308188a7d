/**
 * The confirmation step before anything that reaches customers: a modal <dialog> (the browser traps focus in it
 * and closes it with Escape) restating what is about to happen. Focus starts on Cancel — the safe choice — and
 * returns to the control that opened the dialog.
 */
import { byId, replace } from './dom';

export interface ConfirmOptions {
  title: string;
  body: (Node | string)[];
  confirmLabel: string;
  /** `danger` for actions that message customers. */
  tone?: 'danger' | 'primary';
}

export function confirmAction(options: ConfirmOptions): Promise<boolean> {
  const dialog = byId<HTMLDialogElement>('confirm-dialog');
  const ok = byId<HTMLButtonElement>('confirm-ok');
  const cancel = byId<HTMLButtonElement>('confirm-cancel');
  const opener = document.activeElement as HTMLElement | null;
  byId('confirm-title').textContent = options.title;
  replace(byId('confirm-body'), ...options.body);
  ok.textContent = options.confirmLabel;
  ok.className = options.tone ?? 'danger';
  return new Promise((resolve) => {
    const finish = (confirmed: boolean) => {
      ok.removeEventListener('click', onOk);
      cancel.removeEventListener('click', onCancel);
      dialog.removeEventListener('close', onClose);
      if (dialog.open) dialog.close();
      opener?.focus();
      resolve(confirmed);
    };
    const onOk = () => finish(true);
    const onCancel = () => finish(false);
    const onClose = () => finish(false);
    ok.addEventListener('click', onOk);
    cancel.addEventListener('click', onCancel);
    dialog.addEventListener('close', onClose);
    dialog.showModal();
    cancel.focus();
  });
}
