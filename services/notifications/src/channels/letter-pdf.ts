import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { letterLabels } from '../domain/letter-labels.ts';
import type { NoticeVariables } from '../domain/notice-variables.ts';
import type { RenderedNotice } from '../templates/template-library.ts';

// Noto Sans SC (Google Fonts' static TrueType build, from npm): covers Chinese and Latin, so one family
// serves both locales. pdfkit embeds only the glyphs used, with a ToUnicode map for text extraction.
// TrueType outlines subset ~10x faster and smaller than the CFF (OTF) build of the same font.
const fontPackage = '@expo-google-fonts/noto-sans-sc';
type LoadedFont = ReturnType<typeof fontkit.create>;
let fonts: { regular: LoadedFont; bold: LoadedFont } | undefined;

// Parsed once per process: parsing a 10 MB font per letter would dominate the rendering time.
function loadFonts(): { regular: LoadedFont; bold: LoadedFont } {
  const load = (file: string) =>
    fontkit.create(readFileSync(new URL(import.meta.resolve(`${fontPackage}/${file}`))));
  fonts ??= {
    regular: load('400Regular/NotoSansSC_400Regular.ttf'),
    bold: load('700Bold/NotoSansSC_700Bold.ttf'),
  };
  return fonts;
}

const margin = 56;
const grey = '#555555';

/**
 * The printed letter: letterhead, addressee block, title and wording, invoice table, totals, payment
 * instructions, deadline and contact. Every metadata field is derived from the inputs (the creation
 * date is the action's requestedAt), so the same inputs give the same bytes.
 */
export async function renderLetterPdf(
  variables: NoticeVariables,
  rendered: RenderedNotice,
  createdAt: Date,
): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const labels = letterLabels[rendered.locale];
  const [title = '', ...paragraphs] = rendered.letter;
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    // The default would parse Helvetica's metrics for every letter, to be replaced at once.
    font: regular as unknown as string,
    lang: rendered.locale,
    info: {
      Title: title,
      Author: variables.company.name,
      Subject: `${variables.step} ${variables.customer.customerId}`,
      Creator: 'dunning notifications',
      Producer: 'dunning notifications',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  // pdfkit takes a parsed fontkit font as it is (its typings only list paths and buffers).
  doc.registerFont('regular', regular as unknown as Buffer);
  doc.registerFont('bold', bold as unknown as Buffer);
  const width = doc.page.width - 2 * margin;

  // Letterhead
  doc.font('bold').fontSize(16).fillColor('black').text(variables.company.name);
  doc.font('regular').fontSize(9).fillColor(grey).text(variables.company.address);
  doc
    .moveTo(margin, doc.y + 4)
    .lineTo(margin + width, doc.y + 4)
    .strokeColor(grey)
    .stroke();
  doc.moveDown(1.5);

  // Addressee block, date and customer number on the right
  const blockTop = doc.y;
  doc.font('regular').fontSize(10).fillColor('black');
  for (const line of variables.customer.addressLines) doc.text(line, margin, doc.y, { width: width * 0.55 });
  const afterAddress = doc.y;
  doc.fontSize(9).fillColor(grey);
  doc.text(`${labels.date}: ${variables.date}`, margin + width * 0.6, blockTop, {
    width: width * 0.4,
    align: 'right',
  });
  doc.text(`${labels.customerNumber}: ${variables.customer.customerId}`, {
    width: width * 0.4,
    align: 'right',
  });
  doc.x = margin;
  doc.y = Math.max(afterAddress, doc.y) + 24;

  doc.font('bold').fontSize(14).fillColor('black').text(title, margin, doc.y, { width });
  doc.moveDown(0.8);
  doc.font('regular').fontSize(10.5);
  for (const paragraph of paragraphs) {
    doc.text(paragraph, { width, align: 'left', lineGap: 2 });
    doc.moveDown(0.6);
  }
  doc.moveDown(0.4);

  drawInvoiceTable(doc, variables, labels, width);

  const totalLine = (label: string, lines: { amount: string }[]) =>
    doc.text(`${label}: ${lines.map((line) => line.amount).join(', ')}`, margin, doc.y, { width });
  doc.font('bold').fontSize(10.5);
  totalLine(labels.totalOpen, variables.totals);
  doc.font('regular');
  if (variables.hasCharges) {
    for (const charge of variables.charges)
      doc.text(`${labels.charges} – ${charge.description}: ${charge.amount}`);
    doc.font('bold');
    totalLine(labels.amountDue, variables.amountDue);
    doc.font('regular');
  }
  doc.moveDown(0.8);
  doc.text(`${labels.howToPay}: ${variables.paymentInstructions}`, { width });
  if (variables.deadline) doc.font('bold').text(`${labels.payBy}: ${variables.deadline}`).font('regular');
  if (variables.collector) {
    const { name, email, phone } = variables.collector;
    doc
      .moveDown(0.6)
      .text(`${labels.contact}: ${[name, email, phone].filter(Boolean).join(', ')}`, { width });
  }
  doc.moveDown(1.5).text(variables.company.name);
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}

function drawInvoiceTable(
  doc: PDFKit.PDFDocument,
  variables: NoticeVariables,
  labels: (typeof letterLabels)['en'],
  width: number,
): void {
  const columns = [
    { header: labels.invoice, width: 0.2, align: 'left' as const },
    { header: labels.dueDate, width: 0.18, align: 'left' as const },
    { header: labels.amount, width: 0.25, align: 'right' as const },
    { header: labels.open, width: 0.25, align: 'right' as const },
    { header: labels.daysOverdue, width: 0.12, align: 'right' as const },
  ];
  const row = (cells: string[], font: 'regular' | 'bold') => {
    if (doc.y > doc.page.height - margin - 40) doc.addPage();
    const top = doc.y;
    let x = margin;
    let bottom = top;
    doc.font(font).fontSize(9).fillColor('black');
    cells.forEach((cell, index) => {
      const column = columns[index];
      if (!column) return;
      const cellWidth = column.width * width - 6;
      doc.text(cell, x, top, { width: cellWidth, align: column.align });
      bottom = Math.max(bottom, doc.y);
      x += column.width * width;
    });
    doc.y = bottom + 4;
    doc
      .moveTo(margin, doc.y - 2)
      .lineTo(margin + width, doc.y - 2)
      .strokeColor('#cccccc')
      .stroke();
  };
  row(
    columns.map((column) => column.header),
    'bold',
  );
  for (const invoice of variables.invoices) {
    row(
      [
        invoice.number,
        invoice.dueDate,
        invoice.amount,
        invoice.balance,
        invoice.isOverdue ? String(invoice.daysOverdue) : '–',
      ],
      'regular',
    );
  }
  doc.x = margin;
  doc.moveDown(0.6);
}
