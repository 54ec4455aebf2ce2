package dev.poofbg.worker.model;

import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;

import java.awt.image.BufferedImage;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link SaliencyModel} over any DJL model whose first output is a saliency map: the weights are loaded once and
 * shared; DJL predictors are not thread-safe, so each call borrows one from a pool (grown on demand to the number
 * of concurrent callers) and returns it afterwards. Each prediction runs in its own NDManager, closed when it ends,
 * on its share of the intra-op threads ({@link InferenceThreads}).
 */
public final class DjlSaliencyModel implements SaliencyModel {

    private final String name;
    private final Model model;
    private final SaliencyTranslator translator;
    private final Queue<Predictor<BufferedImage, SaliencyMask>> idle = new ConcurrentLinkedQueue<>();
    // Read: a prediction in flight. Write: close, which must not free the weights under a running forward pass.
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    /** Takes ownership of {@code model}. */
    public DjlSaliencyModel(String name, Model model, SaliencyTranslator translator) {
        this.name = name;
        this.model = model;
        this.translator = translator;
    }

    @Override
    public SaliencyMask predict(BufferedImage image) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("model " + name + " is closed");
            }
            Predictor<BufferedImage, SaliencyMask> predictor = idle.poll();
            if (predictor == null) {
                predictor = model.newPredictor(translator);
            }
            InferenceThreads.enter();
            try {
                return predictor.predict(image);
            } catch (TranslateException | EngineException e) {
                throw new ModelInferenceException("segmentation failed: " + e.getMessage(), e);
            } finally {
                InferenceThreads.exit();
                idle.offer(predictor);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public int maskWidth() {
        return translator.inputWidth();
    }

    @Override
    public int maskHeight() {
        return translator.inputHeight();
    }

    @Override
    public String name() {
        return name;
    }

    /** The device the weights live on, e.g. {@code cpu()} or {@code gpu(0)}. */
    public String device() {
        return model.getNDManager().getDevice().toString();
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            Predictor<BufferedImage, SaliencyMask> p;
            while ((p = idle.poll()) != null) {
                p.close();
            }
            model.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
