// A button that opens a form in a dialog and sends one mutation: the form starts afresh at each
// opening, the gateway's validation errors show at the field they name (or below the form), a
// retried save reuses its idempotency key until it succeeds, and the caller reads its own write at
// the position the mutation returns.
import { Button, type ButtonProps, Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldStatus, formErrorsOf } from './field-errors';

export type ErrorAt = (path: string) => ReturnType<typeof fieldStatus>;

export function FormDialog<T extends object>(props: {
  /** The button's text, also the dialog's title unless `title` says otherwise. */
  label: string;
  title?: string;
  button?: ButtonProps;
  width?: number;
  initialValues: Partial<T>;
  /** Sends the mutation; returns its position, or undefined when it answered nothing. */
  save: (values: T, idempotencyKey: string) => Promise<string | undefined>;
  onSaved: (position: string) => void;
  children: (errorAt: ErrorAt) => React.ReactNode;
}): React.ReactElement {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const [form] = Form.useForm<T>();

  const submit = async (values: T) => {
    setErrors({});
    setSaving(true);
    try {
      const position = await props.save(values, `console-${attempt}`);
      if (position === undefined) return;
      setOpen(false);
      setAttempt(crypto.randomUUID());
      props.onSaved(position);
    } catch (e) {
      setErrors(formErrorsOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button {...props.button} onClick={() => setOpen(true)}>
        {props.label}
      </Button>
      <Modal
        open={open}
        // A fresh form each time: what it starts from may have changed since the last opening.
        destroyOnHidden
        width={props.width}
        title={props.title ?? props.label}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => {
          setOpen(false);
          setErrors({});
        }}
      >
        <Form<T>
          form={form}
          layout="vertical"
          initialValues={props.initialValues}
          onFinish={(v) => void submit(v)}
        >
          {props.children((path) => fieldStatus(errors, path))}
          {errors[''] && <Typography.Text type="danger">{errors['']}</Typography.Text>}
        </Form>
      </Modal>
    </>
  );
}
